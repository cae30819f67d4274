"""Small grants (art. 19a): receipt, publication for public comments, moderation, decision."""

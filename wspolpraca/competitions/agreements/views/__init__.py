"""Pages of this stage."""

"""Evaluation: the commission, impartiality, scoring, the executive's decision, results, grants awarded, requests for reasons."""

"""Evaluation against gold: normalisation, metrics, alignment, reports."""

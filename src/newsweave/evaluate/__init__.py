"""Evaluation of each stage on labelled data, behind `newsweave evaluate`."""

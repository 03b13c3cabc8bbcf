"""Read stage: exports, the static report and summaries for people."""

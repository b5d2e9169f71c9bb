"""Plotly figures: pure functions from tables to figures, one module per analysis."""

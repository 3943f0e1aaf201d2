"""Livelihood projects' pages, by who uses them."""

"""The liaison stations' pages, by who uses them."""

"""Lowest layer: helpers with no knowledge of the domain (text, validators, streaming, spreadsheets, chart geometry)."""

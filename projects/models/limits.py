"""Realistic bounds of numbers (SECURITY.md « Imports : limites (round 2) »)."""

# The same bounds are field validators (forms, admin, imports) and check constraints (database).
MAX_HOMES = 10_000  # homes of one project, or of one tenure line (the largest French operations have ~3,000)
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_AREA_M2 = 1_000_000  # 100 ha: an operation's surface
MAX_COMMON_SPACE_M2 = 100_000  # 10 ha: a shared garden, a shared hall
MAX_AMOUNT_EUR = 1_000_000_000  # a total cost or price in euros
MAX_AMOUNT_EUR_M2 = 100_000  # a price or cost per m²
MAX_AMOUNT_EUR_M2_MONTH = 1_000  # a rent per m² and month

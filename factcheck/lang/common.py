"""Symbols written alike in every language: currency signs and codes, unit abbreviations.

Each language's package adds them to its own words; nothing here is a word of one language.
"""

from __future__ import annotations

# Written before a figure ("Rp 6.500", "US$ 100", "€5"): prefix -> ISO code.
CURRENCY_PREFIXES = {
    "rp": "IDR",
    "idr": "IDR",
    "us$": "USD",
    "$us": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "$a": "AUD",
    "c$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "$": "USD",
    "usd": "USD",
    "€": "EUR",
    "£": "GBP",
    "s$": "SGD",
    "rm": "MYR",
}
CURRENCY_CODES = {"usd": "USD"}
PERCENT_SIGNS = ("pct", "%")
# Unit abbreviations -> (canonical unit, factor to it).
MEASURES = {
    "km": ("m", 1000),
    "m": ("m", 1),
    "cm": ("m", 0.01),
    "mm": ("m", 0.001),
    "ft": ("m", 0.3048),
    "kg": ("kg", 1),
    "kl": ("l", 1000),
    "ha": ("m2", 1e4),
    "mw": ("W", 1e6),
    "gw": ("W", 1e9),
    "kwh": ("Wh", 1e3),
}
# Areas abbreviated alike in news of either language: unit -> (canonical unit, factor to it).
AREAS = {"sq ft": ("m2", 0.092903), "sq m": ("m2", 1), "sq km": ("m2", 1e6)}
# The twelve-hour clock's halves, as the hour each starts at: written so in either language.
DAY_HALVES = {"am": 0, "pm": 12}

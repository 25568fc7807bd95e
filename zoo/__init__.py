"""The zoo catalog: one JSON file per family (data only; see rlct.zoo)."""

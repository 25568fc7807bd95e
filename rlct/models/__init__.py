"""Builders of population losses K(w) from a model, its truth and its input distribution."""

"""Numeric estimators: volume/quadrature confirmation and the SGLD LLC estimator.

They give estimates with error bars that cross-check exact values; they never define λ."""
from .volume import confirm, free_energy_fit, volume_scaling

"""Numeric estimators: volume/quadrature confirmation and the SGLD LLC estimator."""

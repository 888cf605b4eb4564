"""The socio-economic calculator: parameters with sources, the calculation and its sensitivity."""

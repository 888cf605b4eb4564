"""The socio-economic calculator: parameters with sources, the calculation and its sensitivity, checks of typed
inputs and edited parameters, the page's settings, and reports of a result."""

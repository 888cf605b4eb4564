"""The socio-economic calculator: dated parameters with sources (``dated``, ``parameters``), the calculation and
its sensitivity, checks of typed inputs and edited parameters, the page's settings, reports of a result, the
optional realistic-value adjustment (``adjust``) and UHM's worked example next to the app's result (``uhm``)."""

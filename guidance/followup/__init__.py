"""Follow-up: from a requirement to delivered jobs, per contract and across the organisation.

Pure domain code (no Streamlit):

* :mod:`~guidance.followup.content`: the report form, rules and statuses from ``content/followup/``;
* :mod:`~guidance.followup.models`: a contract's requirement, schedule and plan, as validated models;
* :mod:`~guidance.followup.figures`: one period's aggregated report (counts and months only);
* :mod:`~guidance.followup.register`: contracts from an assessment, a screened plan row or by hand;
* :mod:`~guidance.followup.schedule`: report periods and their status, the milestone status;
* :mod:`~guidance.followup.progress`: planned against delivered for one contract, the bonus, the gaps;
* :mod:`~guidance.followup.value`: realised socio-economic value with the parameters of each period;
* :mod:`~guidance.followup.suppression`: small counts hidden wherever others can see them;
* :mod:`~guidance.followup.portfolio`: the organisation's view by year, category and supplier.

The store is :mod:`guidance.stores.followup`.
"""

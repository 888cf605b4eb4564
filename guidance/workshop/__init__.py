"""Workshop mode: the training cases and the summary of the groups' answers (``cases``), what the
workshop views show (``results``), which view a link opens (``access``) and the presentation's deck
(``slides``)."""

"""Workshop mode: the training cases and the summary of the groups' answers (``cases``), what a group
must answer before it can send and which stored answers count (``completeness``), what the workshop
views show (``results``), times in the workshop's time zone (``times``), which view a link opens
(``access``) and the presentation's deck (``slides``)."""

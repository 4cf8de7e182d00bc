"""The session keys, defaults and helpers of the pages that are no feature package of their own
(app_pages/<same name>.py), and PAGE_DEFAULTS, every page's kept widgets."""

# Date formats for Tagalog, which Django ships none of (nor month names): numeric, month first,
# as dates are usually written in the Philippines.
DATE_FORMAT = "m/d/Y"
SHORT_DATE_FORMAT = "m/d/Y"
DATETIME_FORMAT = "m/d/Y g:i A"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"
TIME_FORMAT = "g:i A"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","

# Date formats for Tagalog, which Django ships none of (nor month names): numeric, month first,
# as dates are usually written in the Philippines.
DATE_FORMAT = "m/d/Y"
YEAR_MONTH_FORMAT = "m/Y"  # Django's default "F Y" would print the English month name
MONTH_DAY_FORMAT = "m/d"
SHORT_DATE_FORMAT = "m/d/Y"
DATETIME_FORMAT = "m/d/Y g:i A"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"
TIME_FORMAT = "g:i A"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","

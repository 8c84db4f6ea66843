# Date formats for Haitian Creole, which Django ships none of (nor month names): numeric, day first,
# as dates are written in Haiti.
DATE_FORMAT = "d/m/Y"
YEAR_MONTH_FORMAT = "m/Y"  # Django's default "F Y" would print the English month name
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = " "

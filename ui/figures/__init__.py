"""The dashboard tab 概览 (issue 18): today's desk and the month so far, each figure opening its list."""

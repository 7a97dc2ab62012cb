"""ysxt's tests, one folder per package of ysxt_build; shared builders in builders/."""

"""`python -m cleanup` is the same as the `linkedin-cleanup` command."""

from cleanup.cli import main

main()

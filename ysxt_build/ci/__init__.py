"""Review: what the pipelines of the forge need beyond the check.

Takes the status and the Git history; hands on pull-request summaries and overdue alerts
(:mod:`.reports`), CODEOWNERS lines (:mod:`.codeowners`) and the merge base (:mod:`.git_base`).
"""

"""The ``ysxt`` command line: one thin module per command, and the group that loads them.

The only stage that reads the clock, prints and exits; it calls the stages below and hands
their results to the user as Chinese text, files and exit codes (0 成功, 1 发现问题, 2 用法).
"""

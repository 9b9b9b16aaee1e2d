"""Fault tests: hostile inputs, dead workers, killed parents, full disks, a server told to stop."""

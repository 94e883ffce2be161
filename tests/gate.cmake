# Issue #6 (gate): tests are added by this area's owner.

# Hostile input and access scenarios of the test VM; sourced by init.sh.
hostile_part() { :; }

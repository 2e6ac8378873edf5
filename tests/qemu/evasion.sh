# Evasion scenarios of the test VM; sourced by init.sh.
evasion_part() { :; }

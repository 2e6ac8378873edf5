# Stress and lifecycle scenarios of the test VM (ew.mode=stress); sourced
# by init.sh.
stress_part() { :; }

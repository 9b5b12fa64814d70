# digits-mirror: validation accuracy (higher is better) against learning rate (adapter)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-mirror-lr-adapter.gp" writes tune-digits-mirror-lr-adapter.png and tune-digits-mirror-lr-adapter.svg.
$r0 << EOD
0.001 0.4306
0.00316 0.4861
0.01 0.5046
0.0316 0.4722
0.1 0.4954
EOD

set title "digits-mirror: validation accuracy (higher is better) against learning rate (adapter)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-mirror-lr-adapter.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'pfeiffer'
    unset output
}

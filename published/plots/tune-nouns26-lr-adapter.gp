# nouns26: validation accuracy (higher is better) against learning rate (adapter)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns26-lr-adapter.gp" writes tune-nouns26-lr-adapter.png and tune-nouns26-lr-adapter.svg.
$r0 << EOD
5e-05 0.0653
0.000158 0.2635
0.0005 0.5586
0.00158 0.7117
0.005 0.7568
0.0158 0.7432
EOD
$r1 << EOD
5e-05 0.0563
0.000158 0.2342
0.0005 0.5698
0.00158 0.6824
0.005 0.7545
0.0158 0.7477
EOD

set title "nouns26: validation accuracy (higher is better) against learning rate (adapter)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns26-lr-adapter.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'houlsby', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'pfeiffer'
    unset output
}

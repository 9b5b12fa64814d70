# nouns26: validation accuracy (higher is better) against learning rate (mixture)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns26-lr-mixture.gp" writes tune-nouns26-lr-mixture.png and tune-nouns26-lr-mixture.svg.
$r0 << EOD
5e-05 0.0563
0.000158 0.1982
0.0005 0.5113
0.00158 0.6622
0.005 0.7455
0.0158 0.7455
EOD

set title "nouns26: validation accuracy (higher is better) against learning rate (mixture)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns26-lr-mixture.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'mov'
    unset output
}

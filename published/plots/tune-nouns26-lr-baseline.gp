# nouns26: validation accuracy (higher is better) against learning rate (baseline)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns26-lr-baseline.gp" writes tune-nouns26-lr-baseline.png and tune-nouns26-lr-baseline.svg.
$r0 << EOD
1e-05 0.3716
3.16e-05 0.6374
0.0001 0.7162
0.000316 0.7635
0.001 0.7117
EOD
$r1 << EOD
5e-05 0.0563
0.000158 0.1914
0.0005 0.4685
0.00158 0.5833
0.005 0.6284
0.0158 0.6644
0.05 0.6464
EOD

set title "nouns26: validation accuracy (higher is better) against learning rate (baseline)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns26-lr-baseline.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'full', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'head'
    unset output
}

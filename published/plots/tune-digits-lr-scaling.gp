# digits: validation accuracy (higher is better) against learning rate (scaling)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-lr-scaling.gp" writes tune-digits-lr-scaling.png and tune-digits-lr-scaling.svg.
$r0 << EOD
0.001 0.6343
0.00316 0.7454
0.01 0.838
0.0316 0.9028
0.1 0.9306
0.316 0.8981
1 0.7778
EOD
$r1 << EOD
0.001 0.7269
0.00316 0.8796
0.01 0.9167
0.0316 0.9259
0.1 0.5556
EOD
$r2 << EOD
0.001 0.6806
0.00316 0.8241
0.01 0.8935
0.0316 0.9491
0.1 0.9306
EOD

set title "digits: validation accuracy (higher is better) against learning rate (scaling)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-lr-scaling.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'ia3', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'propulsion', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'ssf'
    unset output
}

# digits-ddpm: validation frechet (lower is better) against learning rate (mixture)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-mixture.gp" writes tune-digits-ddpm-lr-mixture.png and tune-digits-ddpm-lr-mixture.svg.
$r0 << EOD
0.001 34.1475
0.00316 29.5002
0.01 28.8994
0.0316 32.0086
0.1 35.688
EOD
$r1 << EOD
0.001 28.4243
0.00316 22.0028
0.01 18.2337
0.0316 19.2968
0.1 43.077
EOD
$r2 << EOD
0.001 18.3392
0.00316 14.3917
0.01 13.6484
0.0316 61.9394
0.1 56.77
EOD
$r3 << EOD
0.001 30.4447
0.00316 25.642
0.01 22.5004
0.0316 24.0599
0.1 76.6823
EOD
$r4 << EOD
0.001 32.9481
0.00316 25.2631
0.01 19.6126
0.0316 17.6383
0.1 19.7951
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (mixture)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-mixture.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adamix', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'hydralora', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'molora', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'moslora', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'mov'
    unset output
}

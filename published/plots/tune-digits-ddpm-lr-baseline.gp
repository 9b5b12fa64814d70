# digits-ddpm: validation frechet (lower is better) against learning rate (baseline)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-baseline.gp" writes tune-digits-ddpm-lr-baseline.png and tune-digits-ddpm-lr-baseline.svg.
$r0 << EOD
0.0001 48.744
0.000316 48.744
0.001 48.744
0.00316 48.744
0.01 48.744
0.0316 48.744
0.1 48.744
EOD
$r1 << EOD
0.0002 19.5054
0.000632 16.1438
0.002 13.4394
0.00632 12.4698
0.02 13.6409
EOD
$r2 << EOD
0.001 38.9878
0.00316 35.8765
0.01 34.7578
0.0316 34.8159
0.1 34.6363
0.316 34.5586
1 34.0932
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (baseline)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-baseline.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'frozen', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'full', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'head'
    unset output
}

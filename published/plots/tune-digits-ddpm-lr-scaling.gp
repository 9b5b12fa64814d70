# digits-ddpm: validation frechet (lower is better) against learning rate (scaling)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-scaling.gp" writes tune-digits-ddpm-lr-scaling.png and tune-digits-ddpm-lr-scaling.svg.
$r0 << EOD
0.001 35.3445
0.00316 30.7767
0.01 27.0803
0.0316 24.5679
0.1 23.4928
0.316 23.7861
1 38.5867
EOD
$r1 << EOD
0.001 29.4282
0.00316 24.4995
0.01 21.879
0.0316 21.0569
0.1 22.0903
EOD
$r2 << EOD
0.001 31.3281
0.00316 27.2068
0.01 23.6905
0.0316 20.6965
0.1 19.2794
0.316 25.477
1 34.7185
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (scaling)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-scaling.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'ia3', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'propulsion', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'ssf'
    unset output
}

# digits-ddpm: validation frechet (lower is better) against learning rate (adapter)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-adapter.gp" writes tune-digits-ddpm-lr-adapter.png and tune-digits-ddpm-lr-adapter.svg.
$r0 << EOD
0.001 34.2702
0.00316 29.2954
0.01 27.6485
0.0316 31.9912
0.1 32.8114
EOD
$r1 << EOD
0.001 34.0387
0.00316 27.229
0.01 22.7451
0.0316 20.7745
0.1 27.5586
EOD
$r2 << EOD
0.001 34.7591
0.00316 30.9966
0.01 28.4596
0.0316 28.8523
0.1 29.782
EOD
$r3 << EOD
0.001 31.0304
0.00316 26.479
0.01 23.3712
0.0316 22.2111
0.1 26.378
EOD
$r4 << EOD
0.001 36.3619
0.00316 34.7542
0.01 34.2223
0.0316 34.7676
0.1 36.0526
EOD
$r5 << EOD
0.001 25.9802
0.00316 20.1167
0.01 18.2945
0.0316 22.3677
0.1 31.9116
EOD
$r6 << EOD
0.001 31.9421
0.00316 26.5769
0.01 22.457
0.0316 27.0104
0.1 31.87
EOD
$r7 << EOD
0.001 25.656
0.00316 20.1054
0.01 18.7481
0.0316 20.8387
0.1 31.7927
EOD
$r8 << EOD
0.001 32.4743
0.00316 26.7847
0.01 23.3357
0.0316 25.9659
0.1 32.2678
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (adapter)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-adapter.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'adapterdrop', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'adaptformer', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'compacter', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'houlsby', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'lst', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'parallel', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'pfeiffer', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'scaled-parallel', \
         $r8 with linespoints lw 2 pt 7 dt 4 title 'sparse-adapter'
    unset output
}

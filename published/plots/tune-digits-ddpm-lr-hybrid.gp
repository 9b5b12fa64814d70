# digits-ddpm: validation frechet (lower is better) against learning rate (hybrid)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-hybrid.gp" writes tune-digits-ddpm-lr-hybrid.png and tune-digits-ddpm-lr-hybrid.svg.
$r0 << EOD
0.000316 35.7534
0.001 32.0584
0.00316 35.0823
0.01 41.2545
0.0316 84.4919
0.1 65.2785
EOD
$r1 << EOD
0.001 20.6738
0.00316 17.3928
0.01 18.4188
0.0316 22.9161
0.1 26.2876
EOD
$r2 << EOD
0.001 34.2328
0.00316 28.8533
0.01 25.3942
0.0316 27.5926
0.1 32.0158
EOD
$r3 << EOD
0.001 19.6523
0.00316 16.8933
0.01 15.0179
0.0316 54.1282
0.1 75.5624
EOD
$r4 << EOD
0.001 30.6074
0.00316 23.5422
0.01 20.6849
0.0316 21.1019
0.1 28.5378
EOD
$r5 << EOD
0.001 22.5395
0.00316 18.5928
0.01 19.132
0.0316 29.7425
0.1 31.6731
EOD
$r6 << EOD
0.001 29.7017
0.00316 21.0603
0.01 17.8033
0.0316 19.3432
0.1 28.3057
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (hybrid)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-hybrid.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'glora', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'mam', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'propetl', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'rosa', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 's4', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'unified', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'unipelt'
    unset output
}

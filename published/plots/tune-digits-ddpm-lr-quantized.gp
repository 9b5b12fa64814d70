# digits-ddpm: validation frechet (lower is better) against learning rate (quantized)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-quantized.gp" writes tune-digits-ddpm-lr-quantized.png and tune-digits-ddpm-lr-quantized.svg.
$r0 << EOD
0.0002 18.9301
0.000632 15.717
0.002 16.2375
0.00632 15.1252
0.02 14.0481
0.0632 16.5783
EOD
$r1 << EOD
0.001 20.526
0.00316 16.4261
0.01 14.9327
0.0316 95.8652
0.1 51.9792
EOD
$r2 << EOD
0.001 18.7783
0.00316 15.695
0.01 14.5755
0.0316 26.0316
0.1 60.0643
EOD
$r3 << EOD
0.001 21.8874
0.00316 20.3669
0.01 20.7035
0.0316 24.8721
0.1 34.6939
EOD
$r4 << EOD
0.001 29.5481
0.00316 24.2809
0.01 21.4799
0.0316 20.459
0.1 49.9248
EOD
$r5 << EOD
0.001 19.9792
0.00316 15.8112
0.01 14.2778
0.0316 62.3376
0.1 42.0167
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (quantized)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-quantized.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'bitdelta', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'loftq', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'lq-lora', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'peqa', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'qa-lora', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'qlora'
    unset output
}

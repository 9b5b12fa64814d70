# digits-ddpm: validation frechet (lower is better) against learning rate (selective)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-selective.gp" writes tune-digits-ddpm-lr-selective.png and tune-digits-ddpm-lr-selective.svg.
$r0 << EOD
0.0002 30.0003
0.000632 25.1834
0.002 19.5897
0.00632 16.9421
0.02 22.7974
EOD
$r1 << EOD
0.001 33.8914
0.00316 31.3343
0.01 29.2047
0.0316 26.9136
0.1 25.9341
0.316 32.2357
1 50.6834
EOD
$r2 << EOD
0.0002 22.0492
0.000632 17.9282
0.002 15.1072
0.00632 12.3348
0.02 14.0139
EOD
$r3 << EOD
0.001 22.9944
0.00316 20.7977
0.01 20.3402
0.0316 19.8034
0.1 32.4386
EOD
$r4 << EOD
0.0002 22.2635
0.000632 18.0032
0.002 14.5919
0.00632 13.0558
0.02 13.3909
EOD
$r5 << EOD
0.001 31.0422
0.00316 27.7401
0.01 25.0331
0.0316 23.8394
0.1 23.346
0.316 25.3342
1 35.1205
EOD
$r6 << EOD
0.001 34.0193
0.00316 30.079
0.01 27.512
0.0316 25.4726
0.1 23.6158
0.316 31.47
1 106.191
EOD
$r7 << EOD
0.001 35.5031
0.00316 27.0824
0.01 21.1734
0.0316 19.2693
0.1 20.551
EOD
$r8 << EOD
0.001 35.0333
0.00316 31.004
0.01 27.981
0.0316 26.0685
0.1 24.5065
0.316 24.3392
1 32.084
EOD
$r9 << EOD
0.0002 34.1876
0.000632 28.1993
0.002 23.81
0.00632 21.3573
0.02 20.5032
0.0632 29.0422
0.2 46.5886
EOD
$r10 << EOD
0.001 29.1169
0.00316 23.8164
0.01 20.4709
0.0316 20.2555
0.1 23.8467
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (selective)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-selective.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'attn-only', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'bitfit', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'child-tuning', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'diff-pruning', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'far', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'fishmask', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'ln-tuning', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'lt-sft', \
         $r8 with linespoints lw 2 pt 7 dt 4 title 'pafi', \
         $r9 with linespoints lw 2 pt 7 dt 5 title 'partial', \
         $r10 with linespoints lw 2 pt 7 dt 1 title 'rocoft'
    unset output
}

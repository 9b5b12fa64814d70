# digits-ddpm: validation frechet (lower is better) against learning rate (prompt)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-digits-ddpm-lr-prompt.gp" writes tune-digits-ddpm-lr-prompt.png and tune-digits-ddpm-lr-prompt.svg.
$r0 << EOD
0.001 28.6336
0.00316 20.7813
0.01 16.0733
0.0316 16.1442
0.1 16.5155
EOD
$r1 << EOD
0.001 39.0821
0.00316 34.6921
0.01 32.8461
0.0316 32.3408
0.1 31.7378
0.316 32.2205
EOD
$r2 << EOD
0.001 35.3368
0.00316 32.5794
0.01 30.9048
0.0316 31.1707
0.1 30.9297
EOD
$r3 << EOD
0.001 37.6702
0.00316 32.4331
0.01 28.7322
0.0316 24.7639
0.1 21.8837
0.316 21.5663
1 29.0577
EOD
$r4 << EOD
0.001 30.5575
0.00316 22.6017
0.01 19.8997
0.0316 23.5055
0.1 31.4505
EOD
$r5 << EOD
0.001 34.3643
0.00316 32.6043
0.01 31.0565
0.0316 29.7746
0.1 29.2659
0.316 29.7096
1 35.6473
EOD
$r6 << EOD
0.001 34.9927
0.00316 31.2795
0.01 28.7669
0.0316 27.6539
0.1 27.4556
0.316 28.2007
EOD
$r7 << EOD
0.001 36.7256
0.00316 32.1202
0.01 30.5275
0.0316 30.8065
0.1 31.3572
EOD

set title "digits-ddpm: validation frechet (lower is better) against learning rate (prompt)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation frechet (lower is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-digits-ddpm-lr-prompt.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'dept', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'lpt', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'p-tuning', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'p-tuning-v2', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'prefix-tuning', \
         $r5 with linespoints lw 2 pt 7 dt 1 title 'prompt-tuning', \
         $r6 with linespoints lw 2 pt 7 dt 2 title 'vpt-deep', \
         $r7 with linespoints lw 2 pt 7 dt 3 title 'xprompt'
    unset output
}

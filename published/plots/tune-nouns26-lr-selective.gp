# nouns26: validation accuracy (higher is better) against learning rate (selective)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns26-lr-selective.gp" writes tune-nouns26-lr-selective.png and tune-nouns26-lr-selective.svg.
$r0 << EOD
5e-05 0.0676
0.000158 0.2725
0.0005 0.5653
0.00158 0.6847
0.005 0.7365
0.0158 0.7387
0.05 0.6284
EOD
$r1 << EOD
5e-05 0.1419
EOD
$r2 << EOD
5e-05 0.1802
0.000158 0.5158
0.0005 0.6464
EOD
$r3 << EOD
5e-05 0.0676
0.000158 0.2342
0.0005 0.5495
0.00158 0.6802
0.005 0.732
EOD
$r4 << EOD
1e-05 0.1149
3.16e-05 0.4009
0.0001 0.5833
0.000316 0.6847
0.001 0.7275
EOD

set title "nouns26: validation accuracy (higher is better) against learning rate (selective)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns26-lr-selective.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'bitfit', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'diff-pruning', \
         $r2 with linespoints lw 2 pt 7 dt 3 title 'fishmask', \
         $r3 with linespoints lw 2 pt 7 dt 4 title 'ln-tuning', \
         $r4 with linespoints lw 2 pt 7 dt 5 title 'partial'
    unset output
}

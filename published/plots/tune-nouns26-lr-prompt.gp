# nouns26: validation accuracy (higher is better) against learning rate (prompt)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot tune-nouns26-lr-prompt.gp" writes tune-nouns26-lr-prompt.png and tune-nouns26-lr-prompt.svg.
$r0 << EOD
5e-05 0.1104
0.000158 0.464
0.0005 0.6081
0.00158 0.6892
0.005 0.6802
EOD
$r1 << EOD
5e-05 0.0946
0.000158 0.205
0.0005 0.5113
0.00158 0.6486
0.005 0.6914
0.0158 0.7185
0.05 0.705
EOD

set title "nouns26: validation accuracy (higher is better) against learning rate (prompt)" noenhanced
set xlabel 'peak learning rate'
set ylabel 'validation accuracy (higher is better)'
set logscale x
set grid
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "tune-nouns26-lr-prompt.".fmt
    plot $r0 with linespoints lw 2 pt 7 dt 1 title 'prefix-tuning', \
         $r1 with linespoints lw 2 pt 7 dt 2 title 'prompt-tuning'
    unset output
}

# digits: l ablation (mean ± std over seeds)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot prompt-length-digits-l.gp` writes prompt-length-digits-l.png and prompt-length-digits-l.svg.
$m0 << EOD
1 0.8037 0.0131195 "1" 38154
4 0.870367 0.00700024 "4" 38346
8 0.858333 0.00735142 "8" 38602
16 0.871333 0.0262565 "16" 39114
32 0.863867 0.0182083 "32" 40138
EOD
$m1 << EOD
1 0.745367 0.00978587 "1" 714
4 0.749067 0.00845596 "4" 906
8 0.752767 0.018216 "8" 1162
16 0.7713 0.00894371 "16" 1674
32 0.737967 0.0184706 "32" 2698
EOD

set title "digits: l ablation (mean ± std over seeds)" noenhanced
set xlabel 'l'
set ylabel 'accuracy (higher is better)'
set grid
set logscale x 2
set offsets graph 0.05, graph 0.05, 0, 0
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "prompt-length-digits-l.".fmt
    plot $m0 using 1:2:3 with yerrorlines lw 2 pt 7 title 'prefix-tuning', \
         $m1 using 1:2:3 with yerrorlines lw 2 pt 7 title 'prompt-tuning'
    unset output
}

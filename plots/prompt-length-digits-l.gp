# digits: l ablation (mean ± std over seeds)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot prompt-length-digits-l.gp` writes prompt-length-digits-l.png and prompt-length-digits-l.svg.
$m0 << EOD
1 0.745367 0.00978587 "1" 714
4 0.749067 0.00845596 "4" 906
8 0.752767 0.018216 "8" 1162
16 0.76945 0.0118087 "16" 1674
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
    plot $m0 using 1:2:3 with yerrorlines lw 2 pt 7 title 'prompt-tuning'
    unset output
}

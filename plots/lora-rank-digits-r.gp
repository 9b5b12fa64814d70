# digits: r ablation (mean ± std over seeds)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot lora-rank-digits-r.gp` writes lora-rank-digits-r.png and lora-rank-digits-r.svg.
$m0 << EOD
1 0.884267 0.0105434 "1" 1674
2 0.916667 0.0173339 "2" 2698
4 0.932433 0.0136972 "4" 4746
8 0.9389 0.0121132 "8" 8842
16 0.948167 0.0184906 "16" 17034
32 0.9407 0.00640859 "32" 33418
EOD

set title "digits: r ablation (mean ± std over seeds)" noenhanced
set xlabel 'r'
set ylabel 'accuracy (higher is better)'
set grid
set logscale x 2
set offsets graph 0.05, graph 0.05, 0, 0
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "lora-rank-digits-r.".fmt
    plot $m0 using 1:2:3 with yerrorlines lw 2 pt 7 title 'lora'
    unset output
}

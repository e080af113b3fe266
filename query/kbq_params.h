/*
 * kbq_params.h: the ranking model's every weight and threshold, in one
 * table (kbq_params.c says why each has its value).  Internal to libkbq:
 * callers choose a threshold through struct kbq_options, not here.
 */
#ifndef KBQ_PARAMS_H
#define KBQ_PARAMS_H

struct kbq_params {
	/* Results. */
	double	 threshold;	/* least confidence of an entry */
	double	 psg_threshold;	/* least confidence of a passage */
	double	 psg_over;	/* a passage this sure ... */
	double	 psg_margin;	/* ... and this much surer goes first */
	/* Ranking among candidates. */
	double	 bm25_k1, bm25_b;
	double	 rank_bm25;	/* weight of relative BM25 */
	double	 lang_bonus;	/* lift of the asked language */
	unsigned phrase_top;	/* candidates whose word order is read */
	/* Codes. */
	unsigned code_common;	/* entries past which a code is less decisive */
	double	 code_common_exp;
	double	 code_num5, code_num4, code_num3, code_num;	/* all digits */
	double	 code_shaped;	/* long, '_' or digits in letters */
	double	 code_word;	/* a plain word that is a code */
	double	 code_in_text;	/* a word-like code inside a sentence */
	double	 code_mention;	/* an entry that only mentions a code others are named by */
	double	 code_text_floor;	/* a code hit's weight with no text cover */
	/* Text confidence (kbq_score.c). */
	double	 fw_title, fw_fix;	/* query cover by a title, fix word */
	double	 ec_title;	/* entry cover by the title alone */
	double	 cover_floor;	/* lift of each coverage before the mean */
	double	 phrase_w;	/* share of word order */
	double	 alien;		/* left by identifiers the KB lacks */
	double	 clash;		/* left to another error of the query's family */
	double	 evidence;	/* mass that makes a match credible */
	double	 ec_minmass;	/* least mass of a text */
	/* Query words (kbq_words.c). */
	double	 qidf_cap;	/* no word over this share of the rarest */
	unsigned qfuzzy;	/* words looked for as typos */
	unsigned typo_min;	/* shortest word looked for as a typo */
	double	 f_typo1, f_typo2, f_prefix, f_stem;
	unsigned prefix_min;	/* shortest unknown word tried as a prefix */
	unsigned stemscan;	/* index words read looking for them */
	/* The description path (kbq_lookup.c, lk_describe). */
	double	 desc_lead, desc_cover;
	unsigned desc_words;
	double	 desc_content, desc_slope, desc_max;
	/* The passages' description path (lk_sections, kbq_section.c). */
	double	 sec_lead;	/* lead of the best section over others */
	double	 sec_few;	/* growth of that lead with fewer words */
	double	 sec_avglen;	/* words in a typical section */
	unsigned sec_reach;	/* best passages whose sections are read */
	/* Both description paths naming one section (lk_text). */
	double	 agree_lead;	/* the lead each must have */
	unsigned agree_words;	/* content words one of them matched */
	double	 agree_cover;	/* of the query's mass one of them covered */
};

/* The tuned model: constant, shared by every lookup. */
extern const struct kbq_params kbqi_params;

#endif

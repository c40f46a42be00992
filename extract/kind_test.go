package extract_test

import (
	"testing"

	"annals/extract"
)

func TestEventKind(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"press conference", "May 3 – The league held a press conference in Lyon to present its report.", extract.KindPressConference},
		{"news conference beats conference", "The minister spoke at a news conference after the conference.", extract.KindPressConference},
		{"conference", "June 2 – A conference on water policy took place in Nairobi.", extract.KindConference},
		{"summit", "Leaders attended a two-day summit in Lisbon.", extract.KindConference},
		{"rally", "Thousands of farmers rallied in front of the ministry.", extract.KindRally},
		{"protest", "Students protested outside the embassy and marched to the square.", extract.KindRally},
		{"march the verb, not the month", "Veterans march through the capital on March 3.", extract.KindRally},
		{"statement", "In a joint statement, twelve mayors condemned the decision.", extract.KindStatement},
		{"campaign", "Volunteers launched a campaign, putting up posters in ten towns.", extract.KindCampaign},
		{"meeting", "The foreign ministers met in Oslo to discuss the treaty.", extract.KindMeeting},
		{"visit", "The delegation visited the flooded villages and toured a shelter.", extract.KindVisit},
		{"hearing", "The committee held a hearing where three experts testified.", extract.KindHearing},
		{"letter", "In an open letter, 40 scientists urged the agency to act.", extract.KindLetter},
		{"resolution", "The assembly adopted a resolution on the rights of refugees.", extract.KindResolution},
		{"named resolution", "Members of the House introduced House Resolution 55.", extract.KindResolution},
		{"verdict", "A court in Lyon sentenced the former mayor to five years.", extract.KindTrial},
		{"verdict wins over its backdrop", "After a two-year trial, the judges acquitted all defendants.", extract.KindTrial},
		{"a trial as backdrop", "In reaction to the staged trials, activists launched a campaign of graffiti.", extract.KindCampaign},
		{"named conference as backdrop", "During the Global Security Conference, hundreds protested near the venue.", extract.KindRally},
		{"head of a name with of", "Members of the Forum of Young Farmers met the minister.", extract.KindMeeting},
		{"first sentence decides", "A rally was held in Turin. Later, a short meeting and a meeting over dinner followed.", extract.KindRally},
		{"more specific on a tie", "The senators met and visited the port.", extract.KindVisit},
		{"press release", "The ministry issued a press release on the floods.", extract.KindStatement},
		{"release without press", "Activists welcomed the release of the prisoners.", extract.KindOther},
		{"no cue", "The river rose above the old bridge.", extract.KindOther},
		{"empty", "", extract.KindOther},
		{"title abbreviations keep the first sentence", "Mr. Smith and Dr. Jones held a briefing. The press was there.", extract.KindConference},
		{"non-ASCII text", "Die Abgeordneten trafen sich – Ünterstützung für den Beschluss.", extract.KindOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extract.EventKind(tt.text); got != tt.want {
				t.Errorf("EventKind(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
